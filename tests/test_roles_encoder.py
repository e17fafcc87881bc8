"""The accurate profile's role tagger: the CRF's marginals mixed with a MiniLM token tagger's
probabilities (`claimscope.models.roles_encoder`)."""

from __future__ import annotations

import itertools
from functools import cache
from typing import Any

import numpy as np
import pytest

from claimscope.config import Settings
from claimscope.models import roles
from claimscope.models.bio import viterbi
from claimscope.models.roles import MODEL_DIR, MODEL_FILE, RoleTagger, encoder_dir, sentences
from claimscope.models.roles_encoder import ENCODER_FILE, LABELS, MAX_PIECES, pack
from claimscope.stages.language import load_spacy

needs_crf = pytest.mark.skipif(
    not (MODEL_DIR / MODEL_FILE).is_file(), reason="roles model not trained yet"
)
TEXT = (
    "urban guerrillas of the fmln attacked the national police headquarters in san salvador "
    "with rifles and grenades.  two policemen were killed.  the army said on monday that "
    "the attack was the third this week."
)


@cache
def _parsed() -> Any:
    return load_spacy(Settings().spacy_model)(TEXT)


def test_the_encoder_labels_are_the_crf_roles() -> None:
    assert LABELS[0] == "O"
    assert set(LABELS[1:]) == {f"{t}-{r}" for r in roles.ROLES for t in "BI"}


def test_viterbi_keeps_bio_well_formed() -> None:
    probs = np.full((4, len(LABELS)), 0.01)
    for i, label in enumerate(["O", "I-Victim", "I-Victim", "B-Weapon"]):
        probs[i, LABELS.index(label)] = 0.9
    probs[1, LABELS.index("B-Victim")] = 0.3
    labels = viterbi(probs, LABELS)
    assert labels == ["O", "B-Victim", "I-Victim", "B-Weapon"]
    for before, after in itertools.pairwise(labels):
        if after.startswith("I-"):
            assert before[2:] == after[2:]
    assert viterbi(np.zeros((0, len(LABELS))), LABELS) == []


class _Pieces:
    """A stand-in tokenizer: each word is as many pieces as it has letters, ids 1000+."""

    def encode_batch(self, batch: list[list[str]], **_: Any) -> list[Any]:
        class Encoding:
            def __init__(self, word: str) -> None:
                self.ids = [1000 + k for k in range(len(word))]

        return [Encoding(words[0]) for words in batch]


def test_pack_keeps_sentences_whole_and_reads_every_word_once() -> None:
    # Three 100-piece sentences: the first two share a window, the third needs another;
    # a 300-piece sentence is cut at a word boundary; blank words get no piece.
    short = ["abcde"] * 20
    long = ["abcde", "  "] * 60
    found = pack(_Pieces(), [short, short, short, long])
    assert [held for _, _, held in found] == [[0, 1], [2], [3], [3]]
    seen: list[int] = []
    for ids, owner, _ in found:
        assert len(ids) <= MAX_PIECES and len(ids) == len(owner)
        assert ids[0] == 101 and ids[-1] == 102 and owner[0] == owner[-1] == -1
        seen.extend(w for w in owner if w >= 0)
    words = [*short, *short, *short, *long]
    assert seen == [k for k, w in enumerate(words) if w.strip()]


class _Agreeing:
    """An encoder sure of whatever labels `crf` gives each sentence, or of O everywhere."""

    def __init__(self, crf: RoleTagger | None) -> None:
        self.crf = crf

    def probs(self, words: list[list[str]], wanted: list[bool] | None = None) -> list[Any]:
        out = []
        for index, (_, sent) in enumerate(sentences(_parsed())):
            p = np.zeros((len(sent), len(LABELS)))
            labels = self.crf.tag_sentence(sent, index) if self.crf else ["O"] * len(sent)
            for i, label in enumerate(labels):
                p[i, LABELS.index(label)] = 1.0
            out.append(p)
        assert [len(p) for p in out] == [len(w) for w in words]
        return out


@needs_crf
def test_an_encoder_that_agrees_with_the_crf_changes_nothing() -> None:
    crf = RoleTagger(MODEL_DIR / MODEL_FILE)
    alone = crf.mentions(_parsed())
    assert alone, "the CRF should find a role in the text"
    mixed = RoleTagger(MODEL_DIR / MODEL_FILE)
    mixed.encoder = _Agreeing(crf)
    for weight in (0.3, 0.5, 0.7):
        mixed.weight = weight
        assert mixed.mentions(_parsed()) == alone
    # The mixture is read: an encoder sure of O everywhere, given all the say, finds nothing.
    mixed.encoder, mixed.weight = _Agreeing(None), 1.0
    assert mixed.mentions(_parsed()) == []


def test_only_the_accurate_profile_mixes_in_the_encoder() -> None:
    assert encoder_dir(Settings(profile="default").model_name("roles")) is None
    found = encoder_dir(Settings(profile="accurate").model_name("roles"))
    assert found is None or (found / ENCODER_FILE).is_file()
