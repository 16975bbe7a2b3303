"""The views layer: what the practitioner, lead and Link pages show (start page, my learning,
roster, who I orient), built from the tidy tables and the charts."""
