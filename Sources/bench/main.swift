// Placeholder: `make bench` lands here with the engine issue.
print("bench: nothing to measure yet")
