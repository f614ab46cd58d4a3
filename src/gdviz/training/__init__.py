"""The training layer: the optimizers' update rules, the one training loop, and the diagnostics
(the Hessian's conditioning, scaling, ``eta="auto"``, the stability bound, the gap).

Training never imports matplotlib and knows nothing of drawing.
"""
