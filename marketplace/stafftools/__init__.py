"""Marketplace staff's tools on sellers: find one, read its whole history
(decisions, moderation) on one page, suspend and reinstate it with a reason
(`artisans.services.seller_staff_decide`, recorded like a chamber's)."""
