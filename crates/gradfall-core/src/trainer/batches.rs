//! Minibatches: a fresh shuffle of the training set each epoch, from the seed's own batch
//! stream; an epoch's last partial batch is skipped.

use crate::data::Data;
use crate::rng::Rng;

/// The random stream of the one seed that shuffles the batches (the data use
/// `data::DATA_STREAM` = 1, the weights `setup::STREAM_WEIGHTS` + layer).
const STREAM_BATCHES: u64 = 2;

/// The order of the current epoch, where the next batch starts, and the current batch's labels.
pub(crate) struct Batches {
    size: usize,
    order: Vec<u32>,
    cursor: usize,
    rng: Rng,
    /// Class indices of the current batch.
    labels: Vec<u32>,
}

impl Batches {
    /// Batches of `size` examples (at most the training set) of `data`, shuffled from `seed`.
    pub(crate) fn new(data: &Data, size: usize, seed: u64) -> Batches {
        let mut order: Vec<u32> = (0..data.n_train() as u32).collect();
        let mut rng = Rng::new(seed, STREAM_BATCHES);
        rng.shuffle(&mut order);
        Batches {
            size,
            order,
            cursor: 0,
            rng,
            labels: vec![0; size],
        }
    }

    /// Examples per batch.
    pub(crate) fn size(&self) -> usize {
        self.size
    }

    /// Class indices of the current batch.
    pub(crate) fn labels(&self) -> &[u32] {
        &self.labels
    }

    /// Copies the next minibatch into `x` (`[size][n_inputs]`) and its classes into
    /// [`Batches::labels`], reshuffling at an epoch's end. Allocates nothing.
    pub(crate) fn next(&mut self, data: &Data, x: &mut [f32]) {
        if self.cursor + self.size > self.order.len() {
            self.rng.shuffle(&mut self.order);
            self.cursor = 0;
        }
        let d = data.n_inputs;
        for (s, &i) in self.order[self.cursor..self.cursor + self.size]
            .iter()
            .enumerate()
        {
            let i = i as usize;
            x[s * d..(s + 1) * d].copy_from_slice(&data.train_x[i * d..(i + 1) * d]);
            self.labels[s] = data.train_y[i];
        }
        self.cursor += self.size;
    }
}
