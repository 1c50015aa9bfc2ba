"""Who said what: quotation extraction and speaker attribution for Arabic news.

`find_quotes(article)` returns `quote` spans over `article.text`. Span offsets cover the
quoted or reported content (without the quote marks). attrs:
- `type`: `direct` (quoted statement, or unquoted speech after "قال:"), `indirect`
  (reported clause after إن/أن/بأن or a source cue such as بحسب), `partial` (a quoted
  word or short phrase: a scare quote or a term, never a full statement);
- `speaker` (surface text as written, or None), `speaker_start`, `speaker_end`: the
  mention the attribution resolved to, possibly in an earlier sentence ("وأضاف",
  "مشددا", "المسؤول الأذري" all resolve to the named speaker before);
- `speaker_mention`, `speaker_mention_start`, `speaker_mention_end` (only when the
  speaker was reached through a description such as "المسؤول الأذري" or "البيان");
- `speaker_entity_id`: from the `entity` layer mention overlapping the speaker, if any;
- `verb`, `verb_start`, `verb_end`: the reporting verb, participle or source cue.
`annotate_quotes(article)` stores them in `article.layers["quote"]`;
`merge_quotes(items)` joins the same quote reported by several outlets.
"""

from marsad.quotes.extract import annotate_quotes, find_quotes
from marsad.quotes.merge import merge_quotes

__all__ = ["annotate_quotes", "find_quotes", "merge_quotes"]
