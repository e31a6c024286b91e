import os
# été — réglages
	x = 'ü'; token = "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"
print(x)
