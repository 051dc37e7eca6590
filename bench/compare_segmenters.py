"""The evidence behind the choice of sentence segmenter: candidates from PyPI on issue 10's cases.

    .venv/bin/pip install pysbd syntok nupunkt    # the candidates not used; sentencex is a dependency
    .venv/bin/python bench/compare_segmenters.py

Each case is a text and the number of sentences a reader finds in it. Inline code
appears as the placeholder word `code`, as check's reader renders it. Candidates that
are not installed are skipped. Raw segmenter output; the last line is check's own
result: sentencex with its corrections.
"""

from __future__ import annotations

import time
from collections.abc import Callable

CASES = [
    ("All directives in Sec. 507.10 apply to every plant that makes food for sale here.", 1),
    ("See Fig. 3 for the layout. Then start.", 2),
    ("Call ext. 4410 for help. Then wait.", 2),
    ("On Jan. 5 the plant opened. It was cold.", 2),
    ("Smith et al. Found the same result in the trial.", 1),
    ("Smith et al. found the same result.", 1),
    ("The U.S. Department of Labor runs it. It is big.", 2),
    ("Edit config.yml first. Then run the build.", 2),
    ("Use tools, e.g. Word or Excel. Then save.", 2),
    ("Bring gloves, boots, etc. Then sign in.", 2),
    ("We met on Main St. The shop was shut.", 2),
    ("The first step is done. then the second step starts.", 2),
    ("Run the command. Then wait for it.", 2),
    ("Check the value i.e. the total. Then stop.", 2),
    ("He said no. she said yes.", 2),
    ("Type code. Then wait.", 2),
    ("Open code. then wait.", 2),
    ("It opens at 9 a.m. and shuts at 5 p.m. on weekdays.", 1),
    ("See item No. 5 in the list.", 1),
    ("Wait... Then go.", 2),
    ("Is it safe? Ask your lead!", 2),
    ('He said "Stop." Then he left.', 2),
    ("Dr. Smith and Mr. Jones agree.", 1),
    ("Version 2.5 is out. Use it.", 2),
    ("Edit mkdocs.yml and README.md now. Save.", 2),
    ("The file is config.yml. Open it.", 2),
    ("Read Vol. 2 and pp. 12-14 first.", 1),
    ("The U.S. is big.", 1),
    ("I work in the U.S. My boss does too.", 1),  # FORMAT.md: never a break after U.S.
    ("Apples, pears, etc. are fruit.", 1),
    ("Approx. 20 people came.", 1),
    ("See Sec. 4(b) and Art. 3.", 1),
    ("Use avoid—it helps. Then stop.", 2),
    ("Use the form (see Fig. 2). Then sign.", 2),
    ("Ask the lead. 3 people can help.", 2),
    ("Treat it as a near miss. Make it safe, log it.", 2),
    ('"We apologise for any inconvenience caused. We take all feedback seriously."', 2),
    ("Read Sec. 4 and Art. 3 first.", 1),
    ("Call Dr. Patel. She knows.", 2),
    ("Go to St. Paul now.", 1),
]


def candidates() -> list[tuple[str, Callable[[str], list[str]]]]:
    found: list[tuple[str, Callable[[str], list[str]]]] = []
    try:
        import sentencex

        found.append(("sentencex", lambda t: list(sentencex.segment("en", t))))
    except ImportError:
        pass
    try:
        import pysbd

        segmenter = pysbd.Segmenter(language="en", clean=False)
        found.append(("pysbd", segmenter.segment))
    except ImportError:
        pass
    try:
        import syntok.segmenter as syntok

        found.append(("syntok", lambda t: ["".join(str(tok) for tok in s) for p in syntok.process(t) for s in p]))
    except ImportError:
        pass
    try:
        import nupunkt

        found.append(("nupunkt", nupunkt.sent_tokenize))
    except ImportError:
        pass
    return found


def _check_itself(text: str) -> list[str]:
    from generator.check.prose import _spans

    return [text[a:b] for a, b, _ in _spans(text, "en")]


def main() -> None:
    for name, segment in [*candidates(), ("check (sentencex and its corrections)", _check_itself)]:
        wrong = [text for text, count in CASES if len([p for p in segment(text) if p.strip()]) != count]
        started = time.perf_counter()
        for _ in range(50):
            for text, _count in CASES:
                segment(text)
        micro = (time.perf_counter() - started) / (50 * len(CASES)) * 1e6
        print(f"{name}: {len(CASES) - len(wrong)}/{len(CASES)} right, {micro:.0f} µs per case")
        for text in wrong:
            print(f"    wrong: {text}")


if __name__ == "__main__":
    main()
