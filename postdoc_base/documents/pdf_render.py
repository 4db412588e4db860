"""PDF of an official document, drawn by WeasyPrint from the same ``OfficialDocument`` as the DOCX.

WeasyPrint lays out HTML and CSS with Pango, finds fonts through fontconfig and embeds them, so the PDF shows
Chinese wherever it is opened. The fonts are free ones from Debian's packages (installed by ``make fonts``,
see docs/deploy.md), named after the office fonts a machine may also have:

- body, 仿宋-style: the office's 仿宋 if installed, else ``AR PL KaitiM GB`` (fonts-arphic-gkai00mp, a GB2312
  楷 of the 仿宋 family's thin brush strokes; no free simplified 仿宋 is packaged), then Noto Serif CJK SC;
- title and the issuing organ's mark, 小标宋-style: ``Noto Serif CJK SC`` Bold (fonts-noto-cjk);
- page numbers, 宋体: Noto Serif CJK SC.
"""

from __future__ import annotations

from django.template.loader import render_to_string

from .content import OfficialDocument

BODY_FONTS = '"仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "AR PL KaitiM GB", "Noto Serif CJK SC"'
TITLE_FONTS = '"方正小标宋简体", "FZXiaoBiaoSong-B05S", "Noto Serif CJK SC"'
SONG_FONTS = '"宋体", "SimSun", "Noto Serif CJK SC"'


def render_pdf(content: OfficialDocument) -> bytes:
    from weasyprint import HTML  # loads Pango through cffi: only where a PDF is made

    html = render_to_string(
        "documents/pdf/official.html",
        {"doc": content, "body_fonts": BODY_FONTS, "title_fonts": TITLE_FONTS, "song_fonts": SONG_FONTS},
    )
    return HTML(string=html).write_pdf()
