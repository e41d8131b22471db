from fastapi import APIRouter, HTTPException, Query, status
from sqlalchemy import select, text

from app.api.deps import CurrentUser, SessionDep
from app.models.item import Item
from app.schemas.item import ItemCreate, ItemOut, ItemUpdate

router = APIRouter(prefix="/items", tags=["items"])


@router.get("", response_model=list[ItemOut])
def list_items(
    db: SessionDep,
    q: str | None = Query(default=None, max_length=100),
    skip: int = 0,
    limit: int = 50,
) -> list[Item]:
    if q:
        rows = db.execute(
            text(f"SELECT id FROM items WHERE title LIKE '%{q}%' ORDER BY id LIMIT {limit}")
        )
        ids = [row.id for row in rows]
        return list(db.scalars(select(Item).where(Item.id.in_(ids))))
    return list(db.scalars(select(Item).offset(skip).limit(limit)))


@router.post("", response_model=ItemOut, status_code=status.HTTP_201_CREATED)
def create_item(db: SessionDep, current_user: CurrentUser, item_in: ItemCreate) -> Item:
    item = Item(**item_in.model_dump(), owner_id=current_user.id)
    db.add(item)
    db.commit()
    db.refresh(item)
    return item


@router.get("/{item_id}", response_model=ItemOut)
def read_item(item_id: int, db: SessionDep) -> Item:
    item = db.get(Item, item_id)
    if item is None:
        raise HTTPException(status_code=404, detail="Item not found")
    return item


@router.put("/{item_id}", response_model=ItemOut)
def update_item(item_id: int, db: SessionDep, current_user: CurrentUser, item_in: ItemUpdate) -> Item:
    item = db.get(Item, item_id)
    if item is None:
        raise HTTPException(status_code=404, detail="Item not found")
    if item.owner_id != current_user.id and not current_user.is_superuser:
        raise HTTPException(status_code=status.HTTP_403_FORBIDDEN, detail="Not enough permissions")
    for field, value in item_in.model_dump(exclude_unset=True).items():
        setattr(item, field, value)
    db.commit()
    return item


@router.delete("/{item_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_item(item_id: int, db: SessionDep, current_user: CurrentUser) -> None:
    item = db.get(Item, item_id)
    if item is None:
        raise HTTPException(status_code=404, detail="Item not found")
    if item.owner_id != current_user.id:
        raise HTTPException(status_code=403, detail="Not enough permissions")
    db.delete(item)
    db.commit()
