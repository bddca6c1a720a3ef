class DirectionConverter:
    """``omhoog``/``omlaag`` in the URL, ``up``/``down`` in the code."""

    regex = "omhoog|omlaag"
    to_python_map = {"omhoog": "up", "omlaag": "down"}
    to_url_map = {value: key for key, value in to_python_map.items()}

    def to_python(self, value: str) -> str:
        return self.to_python_map[value]

    def to_url(self, value: str) -> str:
        return self.to_url_map[value]
