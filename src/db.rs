//! Runs [`Store`] calls off the async threads.
//!
//! SQLite is synchronous; a slow disk must not stall the tokio workers that poll feeds, so every
//! store call from async code goes through [`Db::call`], which hops onto the blocking pool.

use std::sync::Arc;

use crate::store::{Store, StoreError};

#[derive(Clone, Debug)]
pub struct Db(pub Arc<Store>);

impl Db {
    pub fn new(store: Store) -> Db {
        Db(Arc::new(store))
    }

    pub async fn call<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
    {
        let store = self.0.clone();
        match tokio::task::spawn_blocking(move || f(&store)).await {
            Ok(r) => r,
            Err(join) => Err(StoreError::TaskFailed(join.to_string())),
        }
    }

    pub fn store(&self) -> &Store {
        &self.0
    }
}
