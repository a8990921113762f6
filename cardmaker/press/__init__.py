"""Print production: where finished pages go on printer's sheets (pure geometry in
``geometry``), and putting them there (``sheets``)."""
