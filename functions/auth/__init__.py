"""Who may do what: admin passwords and sessions (``admin``); participant
sign-in links and their limits will live beside it."""
