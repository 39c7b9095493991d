"""The two source documents as typed, cited units."""
