#!/usr/bin/env bash
# Shell forms of the same habits.
export HF_TOKEN=paste-your-token-here
huggingface-cli login --token "paste-your-token-here"
echo "token is $HF_TOKEN"
export HF_HOME=/data/hf
huggingface-cli login --token "$HF_TOKEN"   # fine: read from the environment
# export HF_TOKEN=in-a-comment
