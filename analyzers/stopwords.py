"""Arabic function words, in normalised form (see ``normalizer.normalize``).

They stay in the index (so phrases and stop-word-only queries still work) and
are dropped from queries for ranking: they occur in nearly every article and
only add noise and time.  Question words are here too, since questions are a
common way to search.
"""

from __future__ import annotations

from .normalizer import normalize

_WORDS = """
من الى إلى عن على في مع أن إن أنه أنها إنه إنها أو أم ثم حتى إذا إذ لقد قد لم لن لا ما
ماذا متى كيف أين هل لماذا لما كم أي أية التي الذي الذين اللذين اللتين اللواتي اللاتي
هذا هذه هذان هاتان ذلك تلك أولئك هؤلاء هناك هنا هو هي هم هن هما نحن أنا أنت أنتم
كان كانت يكون تكون كانوا يكن ليس ليست بين بعد قبل عند عندما منذ خلال حول دون ضد لدى
لدي إلا بل لكن كل بعض غير أما إما أيضا كما مثل و ف ب ل ك يا به بها له لها لهم لهن
منه منها فيه فيها عليه عليها إليه إليها عنه عنها وقد وفي ومن وأن وإن ولا وهو وهي ولم
فقد فإن تم حيث ذات ذو كلا سوف إنما لو لولا عليهم إليهم فيهم منهم بهم بين وبين أمام
يمكن يتم قام قامت كانوا أصبح أصبحت
""".split()

STOP_WORDS: frozenset[str] = frozenset(normalize(word) for word in _WORDS)

# Words that make a query a question (matched as a bag of words, not all
# required): these anywhere, and QUESTION_OPENERS as the first word (elsewhere
# من is "from", ما "what / not").
QUESTION_WORDS: frozenset[str] = frozenset(normalize(word) for word in "ماذا متى كيف أين هل لماذا كم".split())
QUESTION_OPENERS: frozenset[str] = frozenset(normalize(word) for word in "من ما أي أية لما".split())


def is_question(normalized_words: list[str], text: str = "") -> bool:
    """Whether a query of these (normalised) words reads as a question."""
    return (text.rstrip().endswith(("?", "؟")) or any(w in QUESTION_WORDS for w in normalized_words)
            or bool(normalized_words and normalized_words[0] in QUESTION_OPENERS))


def is_stop_word(normalized_word: str) -> bool:
    return normalized_word in STOP_WORDS
