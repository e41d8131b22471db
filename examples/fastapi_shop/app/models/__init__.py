from app.models.item import Item
from app.models.order import Order, OrderLine
from app.models.user import User

__all__ = ["Item", "Order", "OrderLine", "User"]
