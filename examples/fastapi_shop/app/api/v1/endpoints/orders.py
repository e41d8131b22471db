from fastapi import APIRouter, HTTPException, status
from sqlalchemy import select

from app.api.deps import CurrentUser, SessionDep
from app.models.item import Item
from app.models.order import Order, OrderLine
from app.schemas.order import OrderCreate, OrderLineOut, OrderOut, ShippingQuote
from app.services.shipping import quote_shipping

router = APIRouter()


def _order_out(order: Order, lines: list[OrderLineOut]) -> OrderOut:
    return OrderOut(id=order.id, status=order.status, created_at=order.created_at, lines=lines)


@router.get("/", response_model=list[OrderOut])
def list_orders(db: SessionDep, current_user: CurrentUser) -> list[OrderOut]:
    orders = db.scalars(select(Order).where(Order.customer_id == current_user.id)).all()
    result = []
    for order in orders:
        lines = db.scalars(select(OrderLine).where(OrderLine.order_id == order.id)).all()
        result.append(
            _order_out(
                order,
                [
                    OrderLineOut(
                        item_id=line.item_id,
                        item_title=db.get(Item, line.item_id).title,
                        quantity=line.quantity,
                        unit_price=line.unit_price,
                    )
                    for line in lines
                ],
            )
        )
    return result


@router.post("/", response_model=OrderOut, status_code=status.HTTP_201_CREATED)
def create_order(db: SessionDep, current_user: CurrentUser, order_in: OrderCreate) -> OrderOut:
    order = Order(customer_id=current_user.id)
    db.add(order)
    out_lines = []
    for line_in in order_in.lines:
        item = db.get(Item, line_in.item_id)
        if item is None:
            raise HTTPException(status_code=404, detail=f"Item {line_in.item_id} not found")
        if item.stock < line_in.quantity:
            raise HTTPException(status_code=status.HTTP_409_CONFLICT, detail="Not enough stock")
        item.stock -= line_in.quantity
        order.lines.append(OrderLine(item_id=item.id, quantity=line_in.quantity, unit_price=item.price))
        out_lines.append(
            OrderLineOut(item_id=item.id, item_title=item.title, quantity=line_in.quantity, unit_price=item.price)
        )
    db.commit()
    return _order_out(order, out_lines)


@router.get("/{order_id}", response_model=OrderOut)
def read_order(order_id: int, db: SessionDep, current_user: CurrentUser) -> OrderOut:
    order = db.get(Order, order_id)
    if order is None or order.customer_id != current_user.id:
        raise HTTPException(status_code=404, detail="Order not found")
    return _order_out(order, [])


@router.get("/{order_id}/shipping-quote", response_model=ShippingQuote)
def shipping_quote(order_id: int, db: SessionDep, current_user: CurrentUser) -> ShippingQuote:
    order = db.get(Order, order_id)
    if order is None or order.customer_id != current_user.id:
        raise HTTPException(status_code=404, detail="Order not found")
    weight = sum(line.quantity for line in order.lines) * 0.5
    carrier, price = quote_shipping(order.id, weight)
    return ShippingQuote(order_id=order.id, carrier=carrier, price=price)
