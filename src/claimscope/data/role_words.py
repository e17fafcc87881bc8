"""Word lists the role tagger's features use: attack words and the agent preposition."""

from __future__ import annotations

# Lemmas of words that report a violent act; a token governed by one is a likely filler.
ATTACK_LEMMAS: frozenset[str] = frozenset({
    "attack", "assault", "ambush", "raid", "strike", "bomb", "bombing", "dynamite", "blow",
    "explode", "explosion", "blast", "detonate", "destroy", "damage", "burn", "set", "fire",
    "shoot", "gun", "machinegun", "kill", "murder", "assassinate", "assassination", "execute",
    "massacre", "slay", "wound", "injure", "kidnap", "kidnapping", "abduct", "abduction",
    "seize", "hijack", "hold", "hostage", "torture", "threaten", "threat", "mortar", "launch",
    "hurl", "throw", "plant", "place", "sabotage", "clash", "harass", "die", "death", "victim",
    "perpetrate", "commit", "carry", "claim", "responsibility", "blame", "accuse", "arrest",
})

# The preposition that marks an agent ("killed by guerrillas").
AGENT_PREPOSITIONS: frozenset[str] = frozenset({"by"})
