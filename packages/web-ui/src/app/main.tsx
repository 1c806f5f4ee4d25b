import { render } from 'preact';
import './app.css';
import { App } from './ui/app.js';

const root = document.getElementById('app');
if (root === null) throw new Error('index.html has no #app element');
render(<App />, root);
