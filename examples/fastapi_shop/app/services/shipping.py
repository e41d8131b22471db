from decimal import Decimal

from app.core.config import settings


def quote_shipping(order_id: int, weight_kg: float) -> tuple[str, Decimal]:
    # requests is only needed by this integration, so it is imported where it is used
    import requests

    response = requests.get(settings.SHIPPING_API_URL, params={"order": order_id, "kg": weight_kg})
    response.raise_for_status()
    payload = response.json()
    print("shipping quote", order_id, payload)
    return payload["carrier"], Decimal(str(payload["price"]))
