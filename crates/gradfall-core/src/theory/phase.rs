//! The fixed point of the variance map and what it says about trainability.
