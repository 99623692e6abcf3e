"""Set routines (NumPy reference section of that name): unique."""

__all__ = []
