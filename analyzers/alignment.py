"""The dynamic programme behind the spelling distances: the cheapest way to
align two words, given the moves allowed from each point and their costs
(``variants.mixed_distance`` for two Arabic spellings, ``scripts`` for a
Latin word and an Arabic one)."""

from __future__ import annotations

from collections.abc import Callable

Steps = Callable[[int, int], list[tuple[int, int, float]]]


def cheapest_alignment(n: int, m: int, steps: Steps) -> tuple[float, list[tuple[int, int]]]:
    """The cheapest way from (0, 0) to (n, m), where *steps(i, j)* lists the
    moves from (i, j) to a later (x, y) and what each costs: its cost, and
    the points it passes from (n, m) back to (0, 0) (inf and [] when (n, m)
    cannot be reached).  Of two ways that cost the same, the first found."""
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            here = cost[i][j]
            if here == inf:
                continue
            for x, y, extra in steps(i, j):
                if here + extra < cost[x][y]:
                    cost[x][y], back[x][y] = here + extra, (i, j)
    if cost[n][m] == inf:
        return inf, []
    path, point = [(n, m)], back[n][m]
    while point is not None:
        path.append(point)
        point = back[point[0]][point[1]]
    return cost[n][m], path
