"""The action plan: a member state's actions that close the gaps its assessments found."""
