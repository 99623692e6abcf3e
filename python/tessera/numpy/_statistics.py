"""Statistics (NumPy reference section of that name): bincount, histogram."""

__all__ = []
