"""Certificates (stage 2): the vendor holds what the process requires, valid today and through go-live, with
a warning while there is still time to renew (`--today` is today)."""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.rules.common import active_vendor
from generator.check.rules.registry import rule
from generator.spec.findings import Finding, Mark
from generator.spec.model import Process, Vendor, VendorCertification


def _required_certificates(spec: Process, ctx) -> Iterator[tuple[Mark, Vendor, VendorCertification]]:
    """Each certificate the process requires that its vendor holds, valid today, with the requirement's mark."""
    vendor = active_vendor(spec, ctx)
    if vendor is None or spec.compliance is None:
        return
    held = {c.id: c for c in vendor.certifications}
    for index, cert in enumerate(spec.compliance.certifications):
        certificate = held.get(cert)
        if certificate is not None and certificate.expires and certificate.expires >= ctx.today:
            yield spec.compliance.item_marks["certifications"][index], vendor, certificate


@rule("T007", "transition", completeness=False)
def vendor_lacks_certification(spec: Process, ctx) -> Iterator[Finding]:
    """What: the assigned vendor does not hold a certification the process requires, or its certificate
    has expired.
    Why: the requirement protects the client's data and reputation only if the vendor meets it
    (stage 2, vendor selection; risk management).
    Fails:
      compliance: {certifications: [pci-dss]}
      # vendors/acme-bpo.yaml lists only iso-27001
    Passes:
      compliance: {certifications: [iso-27001]}
      # vendors/acme-bpo.yaml: certifications: [{id: iso-27001, expires: 2027-09-30}]
    """
    vendor = ctx.vendors.get(spec.vendor)
    if vendor is None or spec.compliance is None:
        return
    held = {c.id: c for c in vendor.certifications}
    for index, cert in enumerate(spec.compliance.certifications):
        mark = spec.compliance.item_marks["certifications"][index]
        certificate = held.get(cert)
        if certificate is None:
            yield Finding.at(
                mark,
                f"vendor '{vendor.id}' does not hold required certification '{cert}'",
                hint=f"add it to {vendor.path} once certified, or choose another vendor",
            )
        elif certificate.expires is not None and certificate.expires < ctx.today:
            yield Finding.at(
                mark,
                f"vendor '{vendor.id}' certificate '{cert}' expired on {certificate.expires.isoformat()}",
                hint=f"ask the vendor for the renewed certificate and update {vendor.path}",
            )


@rule("T022", "transition", completeness=False)
def certificate_lapses_before_go_live(spec: Process, ctx) -> Iterator[Finding]:
    """What: a process that is ready, in pilot or live requires a certificate that its vendor holds today,
    but that expires before go-live.
    Why: the vendor would take over the process without the certificate the requirement is about; the
    renewal must be in hand before go-live (stage 2; risk management).
    Fails:
      status: ready
      transition: {start: 2026-12-07, go_live: 2027-02-15}
      # vendors/acme-bpo.yaml
      certifications: [{id: iso-27001, expires: 2027-01-31}]
    Passes:
      status: ready
      transition: {start: 2026-12-07, go_live: 2027-02-15}
      # vendors/acme-bpo.yaml
      certifications: [{id: iso-27001, expires: 2028-06-30}]
    """
    go_live = spec.transition.go_live if spec.transition else None
    for mark, vendor, certificate in _required_certificates(spec, ctx):
        if go_live is not None and certificate.expires < go_live:
            yield Finding.at(
                mark,
                f"vendor '{vendor.id}' certificate '{certificate.id}' expires on {certificate.expires.isoformat()}, "
                f"before go-live ({go_live.isoformat()})",
                hint=f"get the renewed certificate before go-live and update {vendor.path}",
            )


@rule("T023", "transition", severity="warning", completeness=False, options=("certificate_horizon_days",))
def certificate_expires_soon(spec: Process, ctx) -> Iterator[Finding]:
    """What: a certificate that a process (ready, in pilot or live) requires of its vendor expires within
    the horizon (60 days by default; `certificate_horizon_days` in `.playbook.yaml` changes it).
    Why: a renewal audit takes weeks; asked for in time, the certificate never lapses while the vendor
    works on the client's data (risk management).
    Fails:
      # vendors/acme-bpo.yaml
      certifications: [{id: iso-27001, expires: 2027-01-15}]  # today is 2026-11-23
    Passes:
      # vendors/acme-bpo.yaml
      certifications: [{id: iso-27001, expires: 2028-06-30}]
    """
    horizon = ctx.options["certificate_horizon_days"]
    go_live = spec.transition.go_live if spec.transition else None
    for mark, vendor, certificate in _required_certificates(spec, ctx):
        days = (certificate.expires - ctx.today).days
        if days <= horizon and not (go_live is not None and certificate.expires < go_live):  # T022 says more
            yield Finding.at(
                mark,
                f"vendor '{vendor.id}' certificate '{certificate.id}' expires on {certificate.expires.isoformat()}, "
                f"in {days} days",
                hint=f"ask the vendor for the renewed certificate now and update {vendor.path}",
            )
