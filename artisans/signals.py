"""Plumbing signals of the artisans app (house style: signals never carry rules).

`seller_status_changed` is sent once the transaction that changed a seller's
status has committed, whoever changed it (automatic verification, a chamber, a
registry import). Keyword arguments: `seller` (the Seller, already saved),
`old_status`, `new_status` (Seller.Status values) and `source` ("automatic",
"chamber" or "registry import"). The search index connects to it to drop or
re-add the seller's products.

`seller_decision_recorded` is sent once the transaction that recorded a
decision on a seller has committed, for every decision (a status that did not
change included: an application received, a chamber asking for more
information). Keyword arguments: `seller` and `decision` (the SellerDecision).
The notifications app connects to it to tell the applicant.
"""

from django.dispatch import Signal

seller_status_changed = Signal()
seller_decision_recorded = Signal()
