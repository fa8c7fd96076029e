"""Know your risk: the suitability questionnaire, product risk levels R1-R5, the suitability
check and the reality check that compares stated tolerance with knowledge and behaviour.

``files``, ``scoring``, ``suitability``, ``behaviour`` and ``reality`` are pure (no database, no
UI); ``service.RiskService`` stores results and choices; ``progress`` adds them to the progress
file. See docs/risk-profile.md.
"""
