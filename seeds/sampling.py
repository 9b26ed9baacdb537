"""Random draws for the sample generators, built on Random.random() only: it is the one stream
Python promises to keep stable across versions, so the same seed writes the same sample bytes."""

from __future__ import annotations

import math
import random


def pick(rng: random.Random, items):
    return items[int(rng.random() * len(items))]


def weighted(rng: random.Random, items, weights):
    roll, total = rng.random() * sum(weights), 0.0
    for item, weight in zip(items, weights):
        total += weight
        if roll < total:
            return item
    return items[-1]


def normal(rng: random.Random) -> float:
    """A standard normal draw (Box-Muller)."""
    return math.sqrt(-2.0 * math.log(1.0 - rng.random())) * math.cos(2.0 * math.pi * rng.random())
