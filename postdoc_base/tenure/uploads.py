"""Stores an upload of any tenure feature: checked by the establishment upload rules, saved under its digest,
its original name kept for the download."""

from postdoc_base.establishment.uploads import check_upload
from postdoc_base.kernel.files import original_name


def _attach(uploaded) -> tuple[str, str, object]:
    ext, content_type, digest = check_upload(uploaded)
    original = original_name(uploaded.name, ext)
    uploaded.name = f"{digest[:16]}.{ext}"
    return original, content_type, uploaded
