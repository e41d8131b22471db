from pydantic.dataclasses import dataclass


@dataclass
class Coordinates:
    lat: float
    lon: float
    label: str = ""
