"""The 问题网站 notice (通报) of a period, gathered from stored inspection runs: ``periods``
(which run speaks for each site and account in a period, and the previous notice),
``gather`` (the notice's content, ``NoticeData``), ``changes`` (new, repeated and fixed
problems), ``files`` (writing notice.docx, notice.xlsx, notice.html and the screenshots) and
``cases`` (the stored Notice row, the named cases marked notified, the review counts)."""
