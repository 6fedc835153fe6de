"""The order's life, below every commerce app that moves it: its statuses,
cancelling it (stock given back, every seller's part cancelled) and the
e-mails that confirm it. Checkout places orders, payments confirms and cancels
them, sellers ship their parts: each calls this instead of one another."""
