"""A person's data rights over what the kit holds about them: their whole record in one
download (:mod:`kit.rights.export`, with a readable portfolio, :mod:`kit.rights.portfolio`),
erasure (:mod:`kit.rights.erase`) and keeping records no longer than the workspace's retention
rule allows (:mod:`kit.rights.retention`). Records are read only through the store's own
interface (:class:`kit.store.record_store.Store`) and the compiled tables, so whatever the
store does to keep them (encryption at rest) is invisible here. The commands are
``candle person`` and ``candle retention``; docs/data-protection.md says when to use them."""
