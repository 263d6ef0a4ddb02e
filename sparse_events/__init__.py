__version__ = "0.1.0"

def pretrained(device='cpu'):
    "The shipped `default` codec, ready to encode and decode (`sparse_events.codec.pretrained`; torch loads on first call)."
    from .codec import pretrained as _load
    return _load(device)
