"""Revocation of a base's filing (取消基地备案, Art. 24 first sentence): the daily sweep opens a case when a base has
had no postdoc in it for 2 consecutive years (``policy.oversight.revocation``); the base and its bureau are told;
the region revokes (with the date and document number) or keeps the base (with its reasons)."""
