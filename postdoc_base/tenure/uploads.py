"""Stores an upload of any tenure feature: checked by the establishment upload rules, saved under its digest,
its original name kept for the download."""

from pathlib import PurePath

from postdoc_base.establishment.uploads import check_upload


def _attach(uploaded) -> tuple[str, str, object]:
    ext, content_type, digest = check_upload(uploaded)
    original = PurePath(uploaded.name or f"upload.{ext}").name[:200]
    uploaded.name = f"{digest[:16]}.{ext}"
    return original, content_type, uploaded
