a = 1
b = 2c = 3
t = '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'
