T = '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'
