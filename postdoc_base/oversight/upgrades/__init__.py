"""Upgrade to a workstation (Art. 24 second sentence): the region records that the unit was approved to set up a
postdoc workstation; the base's qualification is cancelled at once (资格自动注销), and each postdoc then in the base
gets a checklist of 补齐设站相关待遇 items that the unit completes and the region confirms."""
