"""Form base shared by every feature."""
from flask_wtf import FlaskForm
from wtforms.meta import DefaultMeta


class ChineseForm(FlaskForm):
    """WTForms' own messages (invalid choice, date, integer) in Chinese,
    without needing Flask-Babel."""

    class Meta:
        locales = ("zh",)

        def get_translations(self, form):
            return DefaultMeta.get_translations(self, form)
