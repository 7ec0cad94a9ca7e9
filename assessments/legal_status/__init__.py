"""The member state's legal-status profile: which treaties it is party to, per assessment.

Ratification is a fact recorded with the assessment, not a scored indicator (docs/framework.md
explains why). Models, forms, services, views and URLs live side by side here.
"""
