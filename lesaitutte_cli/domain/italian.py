"""Italian words as search sees them: the common ones to leave out, and a light stemmer.

Both work on folded words (domain.search.fold: lower case, no accents), so "perché" is
"perche" here. An elision splits at its apostrophe ("dell'APN" is "dell" and "apn"), which is
why the elided forms are stop words of their own.
"""

from __future__ import annotations

import functools

# Articles, prepositions (simple, articulated and elided), pronouns, conjunctions, the forms of
# essere and avere a question is written with, and the adverbs that say nothing of its subject.
STOP_WORDS = frozenset(
    """il lo la i gli le un uno una
    di a da in con su per tra fra
    del dello della dei degli delle dell al allo alla ai agli alle all dal dallo dalla dai dagli
    dalle dall nel nello nella nei negli nelle nell col coi sul sullo sulla sui sugli sulle sull
    io tu lui lei noi voi loro me te ce ne mi ti ci vi si
    mio mia miei mie tuo tua tuoi tue suo sua suoi sue nostro nostra nostri nostre vostro vostra
    vostri vostre
    questo questa questi queste quest quello quella quelli quelle quell quel
    che chi cui cosa quale quali quanto quanta quanti quante
    e ed od ma pero anche neanche nemmeno oppure se perche poiche quando come dove mentre
    non piu meno molto poco tanto troppo gia ancora sempre mai solo proprio cosi ecco
    sono sei siamo siete era eri eravamo erano sara saranno sia siano fosse stato stata stati
    state essere
    ho hai ha abbiamo avete hanno avevo aveva avevano avra avere avuto
    po qui qua li""".split()
)

_VOWELS = "aeiou"


@functools.lru_cache(maxsize=65536)  # a vocabulary is small, and archiving stems every word of every answer
def stem(word: str) -> str:
    """A light stem: the endings of number and gender, so offerta and offerte, telefono and
    telefoni, nuovo and nuove are one word. Derived words (attivo, attivazione) stay apart."""
    if len(word) <= 3 or word[-1] not in _VOWELS or not word.isalpha():
        return word
    if word.endswith(("che", "chi", "ghe", "ghi")):
        return word[:-2]  # banche -> banc, like banca; alberghi -> alberg, like albergo
    if word.endswith("io"):
        return word[:-2]  # servizio -> serviz, like servizi
    return word[:-1]
