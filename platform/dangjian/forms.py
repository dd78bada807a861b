"""Form base shared by every feature."""
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.meta import DefaultMeta


class ChineseForm(FlaskForm):
    """WTForms' own messages (invalid choice, date, integer) in Chinese,
    without needing Flask-Babel."""

    class Meta:
        locales = ("zh",)

        def get_translations(self, form):
            return DefaultMeta.get_translations(self, form)

    def process(self, *args, **kwargs):
        super().process(*args, **kwargs)
        # WTForms leaves a text field that was not posted at None; views call .strip() on text fields, so a
        # hand-made request without the field would be a 500.
        for field in self:
            if isinstance(field, StringField) and field.data is None:
                field.data = ""
