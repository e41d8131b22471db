from flask_appbuilder import Model
from sqlalchemy import Column, Integer, String


class Contact(Model):
    __tablename__ = "contact"

    id = Column(Integer, primary_key=True)
    name = Column(String(150), unique=True, nullable=False)
    email = Column(String(150))
