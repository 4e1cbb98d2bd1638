import { startEarlyExchange } from './api/session-exchange';
import './styles.css';

// The console's first script, a few hundred bytes: the session's refresh is on its way while the
// console's code (React, the router, zod and the contracts) is fetched and evaluated.
startEarlyExchange();
void import('./main');
