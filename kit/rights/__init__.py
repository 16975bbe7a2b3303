"""A person's data rights: erasure (:mod:`kit.rights.erase`), reaching every copy by destroying
their data key, and what else the law asks of the kit about one person's data."""
