"""Find quotations and attribute them: direct, indirect and partial, with their speakers.

One left-to-right pass over the tokens of a `document.Doc`. At each reporting verb
(data/reporting_verbs.tsv) the frame is read here: the speaker (`subject` reads the
subject, apposition and occasion words), then what opens the content: a colon, a
quotation mark or a complementiser (إن/أن/بأن). `cues` reads the reports no verb opens
(a source cue: بحسب، وفقا ل، وجاء في; a noun of speech: تصريح مسؤول بأن، بقوله إنه; a
titled headline: "رئيس أذربيجان: …"). `content` reads the content and makes the quote;
`continuity` finds the speaker of a verb that names none; `terms` reads the quotes left
over afterwards (partial quotes, quoted names, continuation quotes), and `term_owner`
whose a quoted term is.
"""

from __future__ import annotations

from functools import lru_cache

from marsad.model import QUOTE, Article, Span
from marsad.quotes.content import (
    after_subject_pronoun,
    direct_quote,
    names_subject,
    opened_quote,
    reported,
    unquoted_statement,
)
from marsad.quotes.continuity import (
    name_right_before,
    named_after,
    named_before,
    recent_speaker,
)
from marsad.quotes.cues import headline, report_noun, report_pronoun, source_cue, this_is_what
from marsad.quotes.document import (
    ARABIC_RE,
    MAX_TEXT,
    Doc,
    Tok,
    after_addressee,
    classes_of,
    is_comp,
    people_plural,
    plain_word,
)
from marsad.quotes.lexicon import (
    PURPOSE_PREFIX,
    Verb,
    classes,
    lookup_verb,
    norm,
    strip_article,
    verbs,
    word_classes,
)
from marsad.quotes.speakers import Mention
from marsad.quotes.subject import (
    END_PUNCT,
    MAX_GAP,
    QUANTIFIED_SUBJECT,
    add_context,
    apposed_name,
    chain_subject,
    definite_subject,
    describer_end,
    framed_subject,
    fronted_subject,
    glued_preposition,
    indefinite_description,
    name_after_title_phrase,
    name_before,
    named_antecedent,
    object_of_running_speaker,
    plausible_speaker,
    plural_shaped,
    pre_subject,
    quoted_mention,
    quoted_name,
    quoted_subject,
    read_subject,
    running_speaker,
    sentence_subject,
    speaker_shaped,
    spoke_before_in_sentence,
)
from marsad.quotes.terms import NAME_SHARE, mark_name, names_quote, read_leftover_quotes

_WHO = frozenset({"الذي", "التي", "الذين"})
RELATIVE_REACH = 25  # words of a relative clause about the subject of قال before its content
FIND_GAP = 1  # MAX_GAP for a verb of finding or belief (its content follows at once: على أن)
_PRONOUN_REPORT = "pronoun"  # trigger table mark of a report noun with a possessive pronoun
_APPEARED_IN = "appeared"  # trigger table mark of جاء/ورد (في المصدر أن)


def _skip_aside(doc: Doc, j: int, limit: int, to_content: bool) -> int:
    """The token after an aside that opens at token j and runs over words only (up to a
    comma, a colon or a quote mark, and at most MAX_GAP words: a text may have no full
    stop); with `to_content`, also up to a complementiser that opens the content."""
    toks = doc.toks
    stop = min(len(toks), j + 1 + MAX_GAP)
    while j + 1 < stop and toks[j + 1].start < limit and toks[j + 1].kind == "w":
        if to_content and is_comp(toks[j + 1]) and "comp_block" not in classes_of(toks[j]):
            break
        j += 1
    return j + 1


def _read_frame(
    doc: Doc,
    i: int,
    k: int,
    speaker: Mention | None,
    verb_tok: Tok | None,
    verb: Verb | None,
    unmarked_relative: bool = False,
) -> None:
    """From token k (after the subject), find what the verb at i introduces and emit it.
    `unmarked_relative`: the subject is an indefinite description, so a verb right after
    it opens a relative clause ("قال مسؤول رفض الكشف عن هويته إن …")."""
    toks = doc.toks
    n = len(toks)
    limit = doc.sent_end(toks[i].start)
    gap = 0
    in_relative = unmarked_relative
    relayed = False  # نقل عن: the source was read
    about_subject = False  # a relative pronoun right after the subject: "قال X الذي …"
    j = k
    while j < n and toks[j].start < limit:
        t = toks[j]
        if t.kind == "p":
            if t.norm == ":":
                nxt = j + 1
                q = opened_quote(doc, nxt) if nxt < n else None
                if q is not None:
                    if q.open not in doc.used:
                        direct_quote(doc, q, speaker, verb_tok)
                    return
                if nxt < n and is_comp(toks[nxt]) and toks[nxt].start < limit:
                    # "قال حزب الله : إن العملية كانت فاشلة": reported, not quoted
                    reported(doc, nxt + 1, limit, speaker, verb_tok)
                    return
                unquoted_statement(doc, nxt, limit, speaker, verb_tok, min_words=2)
                return
            if t.norm in END_PUNCT and not doc.is_acronym_dot(j):
                return
            if t.norm == "(":
                while j < n and toks[j].norm != ")" and toks[j].start < limit:
                    j += 1
            j += 1
            continue
        if t.kind == "q":
            q = doc.by_open.get(t.start)
            if q is None or q.open in doc.used:
                j += 1
                continue
            if names_quote(doc, q, j) or (
                doc.entity_share(q.start, q.end) >= NAME_SHARE and q.words(doc.text) <= 3
            ):
                # "في اتصال هاتفي اجرته معه « الشرق الاوسط » امس ان": a name in the frame
                mark_name(doc, q)
                j = doc.tok_at(q.close) + 1 if q.close >= 0 else j + 1
                continue
            if q.words(doc.text) <= 3:
                # "مؤكدا الحاجة “الفورية”", "وأكد المصدر حرص الحكومة “المستمر”": a quoted
                # term inside the clause; only a colon makes a short quote a statement
                return
            direct_quote(doc, q, speaker, verb_tok)
            return
        if t.kind == "w":
            cls = classes_of(t)
            if "pronoun_subject" in cls and t.norm[0] in "وف" and j > i + 1:
                # "، وهو سياسي سبق أن سجن، …": a circumstantial clause about the speaker;
                # what it reports is not what the speaker said
                # "وهو أيضا مسلم من أصول عربية أن …": the content starts at its أن
                j = _skip_aside(doc, j, limit, to_content=True)
                continue
            if is_comp(t):
                prev = toks[j - 1] if j > k else None
                if prev is not None and prev.kind == "w" and "comp_block" in classes_of(prev):
                    j += 1  # "بعد أن شارك …": an adverbial clause, not what was said
                    continue
                if (
                    prev is not None
                    and "reason_lead" in classes_of(prev)
                    and doc.text[t.start] != "إ"
                ):
                    return  # "… خاصة أن الخطأ ممنوع": a reason, and the frame ends there
                if t.norm[0] == "ف":
                    return  # "فيما يرى … فإن X": فإن opens the main clause, not the content
                if _wished(doc, j, verb) or _until(doc, j, verb):
                    return
                reported(doc, j + 1, limit, speaker, verb_tok)
                return
            if "not_speaker" in cls and j + 1 < n and toks[j + 1].norm == "عدم":
                # "، طالبا عدم كشف هويته ، انه": asking not to be named, up to the comma
                j = _skip_aside(doc, j, limit, to_content=False)
                continue
            if "relative" in cls and t.norm != "من":  # "حذر من …": a preposition
                in_relative = True
                about_subject = about_subject or (j == k and t.norm in _WHO)
            elif lookup_verb(t.norm) is not None:
                if not in_relative:
                    return
                in_relative = False
            elif "clause_break" in cls:
                return
            if verb is not None and verb.lemma == "نقل" and t.norm == "عن" and not relayed:
                # "نقلت أسوشيتدبرس عن مصدر دولي فضل عدم الإفصاح عن هويته أن": the first
                # عن names the source; a later one belongs to its relative clause
                quoted = quoted_name(doc, j + 1, limit)
                if quoted is not None:
                    # "ونقلت وسائل إعلام عن “ريدموند” قولها إن": a quoted name is the source
                    speaker = doc.finish_mention(quoted_mention(doc, quoted[0]))
                    relayed = True
                    j = quoted[1]
                    continue
                a, b = read_subject(doc, j + 1, limit)
                if b > a:
                    speaker = doc.finish_mention(doc.mention(a, b, doc.sent_of(toks[a].start)))
                    relayed = True
                    j = b
                    continue
            finding = verb is not None and verb.cls == "find"
            # قال takes no object: a long relative clause about its subject ("وقال ليبرمان
            # الذي كان مرشحا … عام 2000 انه") still leads to its content
            saying = (
                about_subject
                and verb is not None
                and verb.lemma == "قال"
                and j - k <= RELATIVE_REACH
            )
            if not ((finding or saying) and in_relative):  # "أظهرت الدراسة التي أجريت على … أن"
                gap += 1
            if gap > (FIND_GAP if finding else MAX_GAP) or (finding and j - k > MAX_GAP):
                return
        j += 1


_OBJECT_PRONOUNS = ("ه", "ها", "هم", "هما", "ني", "نا")
_FUTURE = ("سي", "ست", "سن")  # "أن نتنياهو سيدفع": a subject and a future verb
_BARE_AN = frozenset({"ان", "بان", "وان"})


def _wished(doc: Doc, j: int, verb: Verb | None) -> bool:
    """The أن at j, after a verb of wanting or refusing, opens what its subject wants done
    ("رفض أن يبايع", "طالبت بأن تعامل"): a bare أن and a present verb, not a report."""
    if verb is None or "wish_verb" not in word_classes(norm(verb.lemma)):
        return False
    if doc.toks[j].norm not in _BARE_AN or j + 1 >= len(doc.toks):
        return False
    nxt = doc.toks[j + 1]
    if not (nxt.kind == "w" and len(nxt.norm) >= 3 and nxt.norm[0] in "يتن"):
        return False
    if classes_of(nxt) or _perfect_denied(doc, j + 1):
        return False
    if doc.entity_share(nxt.start, nxt.end) > 0:
        return False  # "هدد بأن تركيا ستتدخل": a name, then its verb (يحيى، يوسف are
        # verbs' homographs, so a gazetteer name alone does not count)
    after = doc.toks[j + 2] if j + 2 < len(doc.toks) else None
    return not (after is not None and after.kind == "w" and after.norm[:2] in _FUTURE)


def _institution_before_relative(doc: Doc, i: int, verb: Verb) -> bool:
    """The verb at i follows التي/الذي right after a definite institution ("الحكومة
    التي قالت", "الوزارة التي أكدت") and has no object pronoun and no named subject of its
    own ("الحركة التي وصفها ابن عباس")."""
    toks = doc.toks
    if i < 2 or "relative_subject" not in classes_of(toks[i - 1]) or toks[i - 1].norm[0] == "و":
        return False
    if verb.form.endswith(_OBJECT_PRONOUNS):
        return False
    if i + 1 < len(toks) and ("prep_pronoun" in classes_of(toks[i + 1]) or doc.tok_in_actor(i + 1)):
        return False
    t = toks[i - 2]
    return (
        t.kind == "w"
        and t.norm.startswith("ال")
        and "org_head" in word_classes(strip_article(t.norm))
        and not doc.tok_in_actor(i - 2)
    )


def _passive_description(doc: Doc, i: int, verb: Verb) -> bool:
    """وصف at i with بأن right after it and no object pronoun on it ("وُصفت بأنها"): active
    وصف needs its object before بأن ("وصفتها بأنها" has it), so this is the passive."""
    return (
        verb.lemma == "وصف"
        and not verb.form.endswith(_OBJECT_PRONOUNS)
        and i + 1 < len(doc.toks)
        and is_comp(doc.toks[i + 1])
    )


def _perfect_denied(doc: Doc, k: int) -> bool:
    """ "أن تكون الحكومة قد تراجعت" after رفض: a denial of what happened, a report."""
    if doc.toks[k].norm not in ("يكون", "تكون"):
        return False
    return any(t.norm == "قد" for t in doc.toks[k + 1 : k + 4])


def _until(doc: Doc, j: int, verb: Verb | None) -> bool:
    """ "إلى أن" at j-1, j after a verb that takes no إلى: 'until', not a report."""
    if verb is None or j < 1 or doc.toks[j - 1].norm not in ("الي", "حتي"):
        return False
    if j >= 2 and "ila_verb" in word_classes(strip_article(doc.toks[j - 2].norm)):
        return False  # "في إشارة إلى أن": the noun before إلى takes it
    return doc.toks[j].norm == "ان" and "ila_verb" not in word_classes(norm(verb.lemma))


def _people_before(doc: Doc, i: int, sentence: int) -> Mention | None:
    """The plural of people a "وهم" before the verb at i refers to: the last sound plural
    noun in its sentence or the one before ("عدة منظمات باسم صحفيين ومحامين … ، وهم
    يعتبرون أن"), not a verb ("يقيمون")."""
    lo = doc.sent_starts[max(sentence - 1, 0)] if doc.sent_starts else 0
    for j in range(i - 2, -1, -1):
        t = doc.toks[j]
        if t.start < lo:
            return None
        if _people_word(doc, j):
            # back to the first of "صحفيين ومحامين", "مع وزراء ومسؤولين" (not مع): the whole
            # coordination
            a = j
            while a > 0 and doc.toks[a].norm[:1] == "و" and plain_word(doc, a - 1):
                a -= 1
            return doc.finish_mention(doc.mention(a, j + 1, doc.sent_of(t.start)))
    return None


def _people_word(doc: Doc, j: int) -> bool:
    """Token j is a sound plural shaped like people: a nisba (صحفيين، الفلسطينيون), a
    participle (محامين، المراقبون، ناشطين); not a name (الكرملين), a place (فلسطين), a
    broken plural (القوانين), a dual of time (عامين) or a verb (يقيمون)."""
    if not plain_word(doc, j):
        return False
    t = doc.toks[j]
    w = strip_article(t.norm[1:] if t.norm[:1] == "و" and len(t.norm) > 5 else t.norm)
    if not people_plural(w, ("ون", "ين")) or doc.entity_share(t.start, t.end) > 0:
        return False
    return w.endswith(("يين", "يون")) or w[0] == "م" or (len(w) == 6 and w[1] == "ا")


# "يعتقد" alone is "it is believed", "يعتبر X Y" is "X is considered Y": a word after them
# is their subject only when it names someone or is a definite noun right before أن
_PASSIVE_READING = frozenset({"impersonal", "passive_reading"})
_WHAT = frozenset({"ما", "مما", "وما"})
_SAYING = frozenset({"قال", "زعم", "ادعى"})  # "على ما قال إنها دبابة": someone said it


PASSIVE_REACH = QUANTIFIED_SUBJECT + 2  # "يعتبر الكثير من المفكرين … أن": the active's أن


def _comp_within(doc: Doc, k: int, reach: int) -> bool:
    """A complementiser opens within `reach` words from token k, in the same sentence."""
    limit = doc.sent_end(doc.toks[k - 1].start)
    for j in range(k, min(len(doc.toks), k + reach)):
        if doc.toks[j].start >= limit:
            break
        if is_comp(doc.toks[j]):
            return True
    return False


def _what_shows(doc: Doc, i: int, verb: Verb) -> bool:
    """A present verb right after ما with no subject of its own: "وهو ما يؤكد أن", "مما
    يشير إلى أن", "وما يؤكد وقوع الحدث أن" — what a fact shows, which nobody says."""
    return (
        i > 0
        and doc.toks[i - 1].norm in _WHAT
        and verb.kind == "present"
        and verb.lemma not in _SAYING
        and not names_subject(doc, i)
    )


def _trigger(doc: Doc, i: int, verb: Verb, had_prefix: bool) -> None:
    toks = doc.toks
    t = toks[i]
    if verb.conj and not had_prefix and not doc.is_sentence_start(i):
        prev = toks[i - 1] if i > 0 else None
        if prev is None or not (
            classes_of(prev) & {"clause_break", "qad"}
        ):  # "وقد شرح": only a verb follows قد
            return  # "عبر منصات التواصل" is "via", but "لكنه عبر عن أمله" is a verb
    if t.start < doc.consumed_to:
        return  # speech reported inside a direct quote belongs to that quote
    if not had_prefix and i > 0 and "masdar_cue" in classes_of(toks[i - 1]):
        return  # "إلى عدم رفض الدعوة", "بعد نقل …": the same letters read as a noun
    if _what_shows(doc, i, verb):
        return  # "وهو ما يؤكد أن", "مما يشير إلى أن": a fact pointing to another, no speaker
    if (
        verb.kind == "present"
        and "passive_reading" in classes_of(t)
        and not _comp_within(doc, i + 1, PASSIVE_REACH)
    ):
        return  # "وكان المسجد يعتبر قبلة الأصوليين": is considered, nobody speaks
    sentence = doc.sent_of(t.start)
    limit = doc.sent_end(t.start)
    if verb.lemma == "نقل" and i + 1 < len(toks) and "about_pronoun" in classes_of(toks[i + 1]):
        # "… دان حالوتس أمس كما نقل عنه مسؤول كبير من ان": the man the pronoun refers
        # to said it; the one who relayed it is not the speaker
        quoted = named_before(doc, i, sentence, same_sentence=True) or recent_speaker(doc, verb)
        if quoted is not None:
            doc.events.append((t.start, sentence, quoted))
            a, b = read_subject(doc, i + 2, limit)
            _read_frame(doc, i, max(b, i + 2), quoted, t, verb)
            return
    speaker: Mention | None = None
    garbage = False  # the words after the verb are its object, not a speaker
    unmarked_relative = False
    k = i + 1
    relative = (
        i > 0
        and "relative_subject" in classes_of(toks[i - 1])
        and doc.events
        and doc.events[-1][1] == sentence
        and not (i + 1 < len(toks) and "prep_pronoun" in classes_of(toks[i + 1]))
    )
    pronoun = verb.kind == "present" and after_subject_pronoun(doc, i)
    running = recent_speaker(doc, verb) if pronoun else None
    if running is not None:
        # "… وهم يعتقدون أن", "وهي ترى أن": the pronoun is the subject, the one speaking
        # already; the words before it are what that speaker said
        doc.events.append((t.start, sentence, running))
        _read_frame(doc, i, i + 1, running, t, verb)
        return
    antecedent = named_antecedent(doc, i)
    if antecedent is None and _institution_before_relative(doc, i, verb):
        # "… رئيس الحكومة التي قالت إن": the institution the relative follows speaks
        speaker = doc.finish_mention(doc.mention(i - 2, i - 1, sentence))
        doc.events.append((t.start, sentence, speaker))
        _read_frame(doc, i, i + 1, speaker, t, verb)
        return
    if antecedent is not None:
        # "… مع وزيرة الخارجية الأميركية كوندوليزا رايس التي قالت إنه": the person named
        # right before the relative pronoun speaks, whatever her role in the main clause
        speaker = doc.finish_mention(
            doc.mention(antecedent, doc.actor_end_tok(antecedent), sentence)
        )
        doc.events.append((t.start, sentence, speaker))
        _read_frame(doc, i, i + 1, speaker, t, verb)
        return
    if relative:
        # "قال الرئيس الذي وصف إسرائيل بأنها …": the relative's antecedent speaks; the
        # words after the verb are its object
        speaker = doc.events[-1][2]
        doc.events.append((t.start, sentence, speaker))
        _read_frame(doc, i, i + 1, speaker, t, verb)
        return
    if verb.kind == "participle" and t.norm.startswith("ال"):
        # "النظرية القائلة بأن": the noun the participle describes is the speaker
        speaker = fronted_subject(doc, i, verb, adjectival=True)
        if speaker is not None:
            _read_frame(doc, i, i + 1, speaker, t, verb)
        return
    if verb.kind != "participle":
        told = verb.lemma in ("أفاد", "أبلغ")
        a, b = read_subject(doc, i + 1, limit, told=told, verb=verb)
        if b <= a:
            # "كما أكد لوكالة فرانس برس شاهد عيان أن": the addressee before the subject
            past = after_addressee(doc, i + 1, limit)
            if past > i + 1:
                c, d = read_subject(doc, past, limit, told=told, verb=verb)
                if d > c and speaker_shaped(doc, c, d):  # not "فيصف لـ«…» تحول شخص"
                    a, b = c, d
        if verb.lemma == "وصف":
            b = describer_end(doc, a, b)
        in_which = (
            i + 1 < len(toks) and toks[i + 1].kind == "w" and "in_which" in classes_of(toks[i + 1])
        )
        pre = framed_subject(doc, i, had_prefix, in_which)
        if (
            pre is None
            and verb.kind == "present"
            and not had_prefix
            and not doc.is_sentence_start(i)
        ):
            pre = pre_subject(doc, i, had_prefix)  # "، الرئيس الأذربيجاني يؤكد …"
        if pre is None and b <= a:
            pre = pre_subject(doc, i, had_prefix)
        if pre is None and b <= a and not had_prefix:
            # "رغم أن الأمين العام للأمم المتحدة كوفي أنان اعتبر أن": a name right before
            named = name_right_before(doc, i)
            if named is not None:
                pre = (named, i)
        if pre is None and b <= a and in_which:
            pre = name_before(doc, i)  # "تصريح أدلى به أسامه بن لادن قبل أعوام قال فيه"
        if pre is not None and not plausible_speaker(doc, pre[0], pre[1]):
            pre = None  # "كما كان يدعى": كان alone is no subject
        if pre is not None:
            if _passive_description(doc, i, verb) and not speaker_shaped(doc, pre[0], pre[1]):
                return  # "وكانت المفاوضات وصفت بأنها …": described, by nobody named here
            speaker = doc.mention(pre[0], pre[1], sentence)
            k = a
        elif b > a:
            if (
                plausible_speaker(doc, a, b, verb)
                and (
                    not classes_of(t) & _PASSIVE_READING
                    or names_subject(doc, a - 1)
                    or doc.entity_end_at(a) is not None  # "وتعتبر إسرائيل أن": a country
                    or definite_subject(doc, a, b)
                )
                and (verb.cls != "act" or speaker_shaped(doc, a, b))
                and not (
                    had_prefix
                    and verb.gender == "m"
                    and object_of_running_speaker(doc, a, b, sentence)
                )
            ):
                speaker = doc.mention(a, b, sentence)
                unmarked_relative = indefinite_description(speaker)
                k = b
                named = apposed_name(doc, b, limit) or name_after_title_phrase(doc, a, b, limit)
                if named is not None:
                    # "قال امبراطور صناعة البرمجيات، بل جيتس، إن": the name after the
                    # description is who spoke; the description refers to it
                    name = doc.finish_mention(doc.mention(named[0], named[1], sentence))
                    name.person = True
                    speaker.antecedent = name
                    k = named[1]
            else:
                # the words are the verb's object; but a phrase with a preposition glued to
                # it ("كما أضاف بالمقدمة …") is no object, so the running speaker goes on
                garbage = not glued_preposition(doc, a)
                k = b
                pre = pre_subject(doc, i, had_prefix)  # "و الظواهري اعتبر كلمة البابا …"
                if pre is not None and plausible_speaker(doc, pre[0], pre[1]):
                    speaker = doc.mention(pre[0], pre[1], sentence)
                    garbage = False
        else:
            k = a
            quoted = quoted_subject(doc, a, limit)
            if quoted is not None:
                speaker, k = quoted
    if speaker is not None:
        if verb.number == "s":
            speaker.gender = verb.gender
        add_context(doc, speaker, k, limit)
        if speaker.antecedent is None:
            doc.finish_mention(speaker)
        else:
            speaker.antecedent.gender = speaker.gender
            doc.history.append(speaker)
    else:
        if verb.kind == "present" and not (had_prefix and t.norm[0] == PURPOSE_PREFIX):
            fronted = fronted_subject(doc, i, verb)
            named = name_right_before(doc, i) if fronted is None else None
            if named is not None:
                # "… لاعتناق الإسلام أيمن الظواهري يقول إن": a name right before the verb
                fronted = doc.finish_mention(doc.mention(named, i, sentence))
            if fronted is None and verb.number == "p":
                # "وهم يعتقدون أن", "ويرون أن": a plural verb is never the impersonal
                # passive; it continues the running speaker, if any
                fronted = recent_speaker(doc, verb)
                if (
                    fronted is not None
                    and fronted.resolved().gender
                    and not plural_shaped(fronted.resolved())
                ):
                    fronted = None  # the running speaker was one person ("قال"), not many
                if fronted is None and after_subject_pronoun(doc, i):
                    fronted = _people_before(doc, i, sentence)  # "… صحفيين … وهم يعتبرون أن"
                if fronted is None and had_prefix:
                    fronted = chain_subject(doc, i, sentence)  # "… يرفضون X ويعتقدون أن"
                if fronted is None:
                    _read_frame(doc, i, k, None, t, verb)
                    return
            if fronted is None and "impersonal" not in classes_of(t) and verb.lemma != "ذكر":
                # "… الولايات المتحدة لتحقيق غاياتها في لبنان تعلن بدون تردد ان": the
                # person or organisation named before it in its sentence
                fronted = named_before(doc, i, sentence, same_sentence=True)
                if fronted is None and had_prefix:
                    # "وتؤيد واشنطن تشديد العقوبات … وتقترح أن": the subject its sentence
                    # opens with goes on, else the running speaker ("ويؤكد أنه …")
                    fronted = sentence_subject(doc, i, sentence, limit) or recent_speaker(doc, verb)
            if fronted is None:
                if had_prefix and "impersonal" not in classes_of(t) and verb.lemma != "ذكر":
                    # "ويضيف أن …" with nobody named yet: someone goes on speaking whom
                    # the text named before it begins
                    _read_frame(doc, i, k, None, t, verb)
                return  # "يذكر أن": the outlet's own background, nobody speaks
            speaker = fronted
            doc.events.append((t.start, sentence, speaker))
            _read_frame(doc, i, k, speaker, t, verb)
            return
        if k == i + 1 and _passive_description(doc, i, verb):
            # "فيما وُصفت بأنها …": active وصف needs its object before بأن ("وصفتها
            # بأنها" has it), so this is the passive and nobody in the text is the speaker
            nxt = toks[k + 1] if k + 1 < len(toks) else None
            q = doc.by_open.get(nxt.start) if nxt is not None and nxt.kind == "q" else None
            if q is not None and q.open not in doc.used and q.words(doc.text) <= 3:
                doc.used.add(q.open)  # "بأنها “أسوأ هجمات”": a term, said by nobody here
                doc.emit(q.start, q.end, "partial", None, t)
                return
            return  # "مفاوضات وصفت بأنها الفرصة الأخيرة": a description nobody here gives
        if (
            verb.kind == "participle"
            and i + 1 < len(toks)
            and "honorific" in classes_of(toks[i + 1])
        ):
            # "مؤكدا سموه خلال حديثه أن": the honorific after the participle is its subject
            speaker = doc.mention(i + 1, i + 2, sentence)
            k = i + 2
        elif verb.kind == "participle" and not spoke_before_in_sentence(doc, sentence, t.start):
            # "وتبنى المتحدث باسم الحركة محمد حنيف الاعتداء، مشيرا إلى أن …": the participle
            # continues the subject of its sentence's first verb, reporting or not
            speaker = sentence_subject(doc, i, sentence, limit)
            if speaker is None and verb.number == "p":
                speaker = chain_subject(doc, i, sentence)  # "… قد يدرسون X، معتبرين أن"
            if speaker is None:
                # "بينما ادان سفير طالبان سالم زعيف الهجمات قائلا انها": the person the
                # sentence names before the participle
                speaker = named_before(doc, i, sentence, same_sentence=True)
        if speaker is not None:
            doc.finish_mention(speaker)
        elif not garbage or had_prefix:
            # "وأضاف" continues the running speaker; a verb whose subject is no speaker
            # ("وأوضح أصيب نحو 54 …" keeps it, "اعتبر بعض …" gets none) rather than garbage
            opener = None
            if had_prefix and not (doc.events and doc.events[-1][1] == sentence):
                # "وأيد X … تصريحات طالباني وقال إن": the subject of the verb that opens
                # the sentence goes on speaking, not the last name before "وقال"
                opener = sentence_subject(doc, i, sentence, limit)
            if opener is None and had_prefix and verb.number == "p":
                opener = chain_subject(doc, i, sentence)  # "… حرفوا هذا الحدث واعتبروا أن"
            if opener is not None:
                speaker = doc.finish_mention(opener)
            else:
                speaker = running_speaker(doc, i, sentence, verb)
    if speaker is not None:
        doc.events.append((t.start, sentence, speaker))
    _read_frame(doc, i, k, speaker, t, verb, unmarked_relative)


@lru_cache(maxsize=1)
def _trigger_table() -> dict[str, tuple[Verb | None, bool | str | None]]:
    """Every normalised trigger form, with and without و/ف (and لـ before a present form):
    (verb or None for a cue, prefixed)."""
    table: dict[str, tuple[Verb | None, bool]] = {}
    for w, cls in classes().items():
        if "source_cue" in cls:
            for p in ("", "و", "ف"):
                table[p + w] = (None, bool(p))
        elif "report_noun" in cls:
            for p in ("", "و", "ف"):
                table[p + w] = (None, None)
        elif "report_pronoun" in cls:
            for p in ("", "و", "ف", "ب", "وب", "ل"):
                table[p + w] = (None, _PRONOUN_REPORT)
        elif "appeared_in" in cls:
            for p in ("", "و", "ف"):
                table[p + w] = (None, _APPEARED_IN)
    for form, v in verbs().items():
        table["و" + form] = (v, True)
        table["ف" + form] = (v, True)
        if v.kind == "present":
            table[PURPOSE_PREFIX + form] = (v, True)  # "وعاد نجاد ليؤكد أن"
    for form, v in verbs().items():
        table[form] = (v, False)  # a bare form wins over a prefixed reading (وصف, وعد)
    return table


def find_quotes(article: Article) -> list[Span]:
    """Quotes in `article.text` as `quote` spans (see the package docstring for attrs)."""
    text = article.text or ""
    if not ARABIC_RE.search(text, 0, MAX_TEXT):
        return []  # empty, blank or no Arabic at all
    doc = Doc(article)
    table = _trigger_table()
    for i, t in enumerate(doc.toks):
        if t[2] != "w":
            if t[3] == ":" and t[2] == "p":
                headline(doc, i)
            continue
        hit = table.get(t[3])
        if hit is None:
            if t[3] == "ما":
                this_is_what(doc, i)  # "«…» هذا ما قاله X"
            continue
        if hit[0] is None:
            if hit[1] is None:
                report_noun(doc, i)
            elif hit[1] is _PRONOUN_REPORT:
                report_pronoun(doc, i)
            elif hit[1] is _APPEARED_IN:
                source_cue(doc, i, appeared=True)
            else:
                source_cue(doc, i)
        else:
            _trigger(doc, i, hit[0], hit[1])
    read_leftover_quotes(doc)
    doc.out.sort(key=lambda s: (s.start, s.end))
    named_after(doc)
    return _dedupe(doc.out)


def _dedupe(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for sp in spans:
        if out and out[-1].start == sp.start and out[-1].end == sp.end:
            continue
        out.append(sp)
    return out


def annotate_quotes(article: Article) -> Article:
    """Set `article.layers["quote"]` from `find_quotes` and return the article."""
    article.set_layer(QUOTE, find_quotes(article))
    return article
