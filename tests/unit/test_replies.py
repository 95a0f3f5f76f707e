"""Messages cut to Telegram's limits: line breaks first, never inside a tag or an entity."""

from flows.replies import CAPTION_LIMIT, TEXT_LIMIT, Choice, Message

OK = ((Choice("OK", "ok"),),)


def test_a_short_message_goes_as_it_is() -> None:
    message = Message(1, "Bonjour", OK, tag="t")
    assert message.parts() == (message,)


def test_a_long_list_is_cut_at_line_breaks_with_buttons_and_tag_on_the_last_part() -> None:
    lines = [f"<b>Projet {i}</b> " + "x" * 300 for i in range(40)]
    parts = Message(1, "\n".join(lines), OK, tag="t").parts()
    assert all(len(p.text) <= TEXT_LIMIT for p in parts)
    assert [p.text for p in parts] == ["\n".join(chunk) for chunk in (
        lines[i:i + 12] for i in range(0, 40, 12))]
    assert [(bool(p.keyboard), p.tag) for p in parts] == [(False, None)] * 3 + [(True, "t")]


def test_a_line_longer_than_the_limit_is_not_cut_inside_a_tag_or_an_entity() -> None:
    text = "a" * (TEXT_LIMIT - 3) + "<b>gras</b> &amp; " + "c" * 10
    first, second = Message(1, text).parts()
    assert first.text == "a" * (TEXT_LIMIT - 3)
    assert second.text.startswith("<b>gras</b> &amp;")


def test_a_photo_with_a_long_text_goes_bare_then_the_text() -> None:
    photo, text = Message(1, "x" * (CAPTION_LIMIT + 1), OK, photo="file-1").parts()
    assert (photo.photo, photo.text, photo.keyboard) == ("file-1", "", ())
    assert (text.photo, text.keyboard) == (None, OK)


def test_an_edit_is_never_cut() -> None:
    edit = Message(1, "x" * (TEXT_LIMIT + 10), edit_message_id=5)
    assert edit.parts() == (edit,)


def test_a_line_break_inside_a_tag_pair_is_not_a_cut_point() -> None:
    text = "x" * 4000 + "\n<b>gras\n" + "z" * 200 + "</b>"
    first, second = Message(1, text).parts()
    assert first.text == "x" * 4000
    assert second.text == "<b>gras\n" + "z" * 200 + "</b>"


def test_an_entity_is_not_split() -> None:
    text = "a" * (TEXT_LIMIT - 2) + "&amp;b"
    first, second = Message(1, text).parts()
    assert (first.text, second.text) == ("a" * (TEXT_LIMIT - 2), "&amp;b")
