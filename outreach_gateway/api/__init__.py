"""The HTTP face of the gateway: FastAPI routes under ``/v1`` and their JSON shapes."""
