"""The five-point stencil on views of one grid: change the import and it runs on tessera."""
import tessera.numpy as np

n = 1000
grid = np.zeros((n, n))
grid[0, :] = 1.0  # a hot top edge
center = grid[1:-1, 1:-1]
north, south = grid[0:-2, 1:-1], grid[2:, 1:-1]
west, east = grid[1:-1, 0:-2], grid[1:-1, 2:]
for _ in range(100):
    center[:] = 0.2 * (center + north + south + west + east)
print(f"sum of the grid after 100 sweeps: {float(grid.sum()):.6f}")
