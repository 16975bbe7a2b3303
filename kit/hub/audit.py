"""The service's append-only audit log (defined with the workspace, :mod:`kit.store.audit`,
where a person's export reads it and the retention rule trims it)."""

from kit.store.audit import AUDIT_FILE, AuditLog

__all__ = ["AUDIT_FILE", "AuditLog"]
