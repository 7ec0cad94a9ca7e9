"""Cached fragments are keyed by the release's templates and catalogues (roadmap.release)."""

from roadmap.release import release_key


def test_a_changed_template_or_translation_changes_the_release_key(settings, tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "locale" / "id" / "LC_MESSAGES").mkdir(parents=True)
    template = tmp_path / "templates" / "page.html"
    catalogue = tmp_path / "locale" / "id" / "LC_MESSAGES" / "django.po"
    template.write_text("<p>{% translate 'Save' %}</p>")
    catalogue.write_text('msgid "Save"\nmsgstr "Simpan"\n')
    settings.BASE_DIR = tmp_path
    keys = []
    try:
        for change in (
            None,
            lambda: template.write_text("<p>x</p>"),
            lambda: catalogue.write_text(""),
        ):
            if change:
                change()
            release_key.cache_clear()
            keys.append(release_key())
    finally:
        release_key.cache_clear()
    assert len(set(keys)) == 3
